// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IArbBridge, IArbOutbox} from "../../../../src/shared/interfaces/external/IArbBridge.sol";

/// @dev Arbitrum's L1 Bridge: only an allowed Outbox may make it call out, and `activeOutbox` names
///      that Outbox during the call.
contract ArbitrumBridgeDouble is IArbBridge {
    address private constant NO_OUTBOX = 0x000000000000000000000000000000000000dEaD;
    address private _activeOutbox = NO_OUTBOX;
    mapping(address => bool) public allowedOutboxes;

    function setOutbox(address outbox, bool allowed) external {
        allowedOutboxes[outbox] = allowed;
    }

    function activeOutbox() external view returns (address) {
        return _activeOutbox;
    }

    function executeCall(address to, uint256 value, bytes calldata data) external returns (bool ok, bytes memory ret) {
        require(allowedOutboxes[msg.sender], "NOT_FROM_OUTBOX");
        address previous = _activeOutbox;
        _activeOutbox = msg.sender;
        (ok, ret) = to.call{value: value}(data);
        _activeOutbox = previous;
    }

    receive() external payable {}
}

/// @dev Arbitrum's L1 Outbox: executes a confirmed L2-to-L1 message through the Bridge, exposing
///      the L2 sender through `l2ToL1Sender` during the execution.
contract ArbitrumOutboxDouble is IArbOutbox {
    ArbitrumBridgeDouble public immutable bridge;
    address private _l2Sender;

    constructor(ArbitrumBridgeDouble bridge_) {
        bridge = bridge_;
    }

    function l2ToL1Sender() external view returns (address) {
        require(_l2Sender != address(0), "no active L2-to-L1 message");
        return _l2Sender;
    }

    function executeTransaction(address l2Sender, address to, uint256 value, bytes calldata data) external {
        _l2Sender = l2Sender;
        (bool ok, bytes memory ret) = bridge.executeCall(to, value, data);
        _l2Sender = address(0);
        if (!ok) {
            assembly {
                revert(add(ret, 32), mload(ret))
            }
        }
    }
}
