// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IWithdrawalQueue} from "../../../src/shared/interfaces/IWithdrawalQueue.sol";

/// @dev Owns withdrawal requests and, when paid, tries to claim again from inside `receive`.
contract ReentrantClaimer {
    IWithdrawalQueue public immutable queue;
    uint256 public reentryTarget;
    uint256 public receivedCount;
    uint256 public received;
    bytes public reentryError;

    constructor(IWithdrawalQueue queue_) {
        queue = queue_;
    }

    function request(IERC20 token, uint256 shares) external returns (uint256) {
        token.approve(address(queue), shares);
        return queue.requestWithdrawal(shares, address(this));
    }

    function claim(uint256 requestId, uint256 reentryTarget_) external {
        reentryTarget = reentryTarget_;
        queue.claim(requestId);
    }

    receive() external payable {
        ++receivedCount;
        received += msg.value;
        try queue.claim(reentryTarget) {} catch (bytes memory err) {
            reentryError = err;
        }
    }
}

/// @dev A request owner that refuses ETH.
contract EthRejecter {
    function request(IWithdrawalQueue queue, IERC20 token, uint256 shares) external returns (uint256) {
        token.approve(address(queue), shares);
        return queue.requestWithdrawal(shares, address(this));
    }

    function claim(IWithdrawalQueue queue, uint256 requestId) external {
        queue.claim(requestId);
    }
}
