// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title IWETH
/// @notice Wrapped ether (WETH9): ERC-20 backed 1:1 by ETH held in the contract.
interface IWETH is IERC20 {
    /// @notice Wraps `msg.value` ETH for the caller.
    function deposit() external payable;

    /// @notice Unwraps `amount` and sends the ETH to the caller.
    function withdraw(uint256 amount) external;
}
